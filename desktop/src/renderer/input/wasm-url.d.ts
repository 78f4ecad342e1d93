// Vite's `?url` import of a WebAssembly file: the URL the build serves it at.
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
