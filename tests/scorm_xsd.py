"""Validate manifests against the official SCORM XSDs in ../shared/scorm-schemas (never copied here).

libxml2 does not accept the SCORM 1.2 schemas as ADL published them; the two minimal in-memory
fixes that the schemas' README describes are applied here, and the 4th edition's remote import of
xml.xsd is mapped to the local copy so validation never touches the network.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from shared_folder import SHARED

SCHEMAS = SHARED / "scorm-schemas"

ROOT_SCHEMA = {
    "1.2": ("scorm12", "imscp_rootv1p1p2.xsd"),
    "2004-3rd": ("scorm2004-3rd", "imscp_v1p1.xsd"),
    "2004-4th": ("scorm2004-4th", "imscp_v1p1.xsd"),
}

IMPORTS_12 = {
    "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
}

IMPORTS_2004 = {
    "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
    "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
    "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
    "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    "http://ltsc.ieee.org/xsd/LOM": "lom.xsd",
}


class LocalResolver(etree.Resolver):
    """Serve schema files from the local folder, with the 1.2 fixes applied."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url, public_id, context):
        name = url.rsplit("/", 1)[-1]
        path = self.folder / name if (self.folder / name).exists() else None
        if url.startswith("http://www.w3.org/2001/xml.xsd") or name == "xml.xsd":
            path = self.folder / "xml.xsd" if (self.folder / "xml.xsd").exists() else self.folder / "ims_xml.xsd"
        if path is None:
            return None
        return self.resolve_string(patch_12(path.name, path.read_bytes()), context, base_url=str(path))


def patch_12(name: str, data: bytes) -> bytes:
    """The two fixes libxml2 needs for the SCORM 1.2 schemas (see shared/scorm-schemas/README.md)."""
    if name == "ims_xml.xsd":
        data = data.replace(b'xmlns="http://www.w3.org/XML/1998/namespace"', b"")
    if name == "imsmd_rootv1p2p1.xsd":
        data = data.replace(b'namespace="##any"', b'namespace="##other"')
    return data


@lru_cache(maxsize=None)
def schema_for(version: str) -> etree.XMLSchema:
    """A compiled schema that imports every namespace a manifest of that version uses."""
    folder_name, root_name = ROOT_SCHEMA[version]
    folder = SCHEMAS / folder_name
    imports = IMPORTS_12 if version == "1.2" else IMPORTS_2004
    root_ns = "http://www.imsproject.org/xsd/imscp_rootv1p1p2" if version == "1.2" else "http://www.imsglobal.org/xsd/imscp_v1p1"
    driver = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">'
        + f'<xs:import namespace="{root_ns}" schemaLocation="{(folder / root_name).as_uri()}"/>'
        + "".join(f'<xs:import namespace="{ns}" schemaLocation="{(folder / f).as_uri()}"/>' for ns, f in imports.items())
        + "</xs:schema>"
    )
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalResolver(folder))
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser, base_url=str(folder) + "/"))


def validation_errors(manifest: bytes, version: str) -> list[str]:
    """Every schema error of a manifest (empty when valid)."""
    schema = schema_for(version)
    document = etree.fromstring(manifest)
    if schema.validate(document):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]
