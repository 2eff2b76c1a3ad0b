// The Node-only part of @ganvas/tools (file system access).
export { fileStore, defaultCacheDir } from './file-store.js';
