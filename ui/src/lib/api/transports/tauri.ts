// The only module that imports @tauri-apps/*: the desktop window reaches the core through the
// shell's single `rpc` command. A rejected invoke carries the core's ApiError object as is.
import { invoke } from "@tauri-apps/api/core";
import type { Transport } from "../client";

export const tauriTransport: Transport = {
  send: (command, request) => invoke("rpc", { command, request }),
};
