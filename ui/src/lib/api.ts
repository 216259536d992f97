// What the views import: `api`, the backend this window talks to, and the types of what it
// answers (generated from the Rust types in bindings.ts). Only tauri.ts calls the backend.
import type { Backend } from './backend';
import { tauriBackend } from './tauri';

export type * from './bindings';
export { ApiError, type Backend, type EvidenceUpload, type Unlisten } from './backend';

/** The backend: Tauri's IPC in the desktop window. */
export const api: Backend = tauriBackend;
