// What the runtime finds around it: the page's globals, and CommonJS when Node's tests load the engine.
declare var module: { exports: any } | undefined;
interface Window { CourseRuntime: any; COURSE_DATA: any; }
