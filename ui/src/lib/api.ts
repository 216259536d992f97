// What the views import: `api`, the backend this window talks to, and the types of what it
// answers (generated from the Rust types in bindings.ts). Only tauri.ts (the desktop window)
// and web.ts (the portal's page) call the backend; `$backend` is one of them, chosen by
// vite.config.ts at build time, so neither bundle carries the other's code.
import type { Backend, Desk, Portal } from './backend';
import { backend, desk as deskBackend, portal as portalBackend } from '$backend';

export type * from './bindings';
export type { PortalAssignmentDetail } from './web';
export { ApiError, type Backend, type Desk, type DeskBody, type DeskConnectInput, type EvidenceUpload, type PageAsk, type Portal, type PortalPage, type Unlisten } from './backend';

/** The backend: Tauri's IPC in the desktop window, HTTP in the portal's page. */
export const api: Backend = backend;

/** What only the portal's page asks (log in, change the password, ask for more time…);
 * null in the desktop window. */
export const portal: Portal | null = portalBackend;

/** Đôn đốc at a unit (the desk's list, its queue; at the office, the desks' last contact);
 * null in the portal's page. */
export const desk: Desk | null = deskBackend;
