// The one typed client over the API declared in crates/api: `call("contact_list", {...})`
// checks the request and response types against the generated ApiSchema, whichever transport
// (Tauri IPC or HTTP) carries it.
import type { ApiSchema, ErrorCode } from "./generated/api";

export type Cmd = keyof ApiSchema;

/** Carries one command to the core; rejects with an `ApiError`-shaped value on failure. */
export interface Transport {
  send(command: string, request: unknown): Promise<unknown>;
}

/** An error from the core: branch on `code`, show `message`. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

function isApiError(value: unknown): value is { code: ErrorCode; message: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

export function createClient(transport: Transport) {
  return async function call<K extends Cmd>(cmd: K, req: ApiSchema[K][0]): Promise<ApiSchema[K][1]> {
    try {
      return (await transport.send(cmd, req)) as ApiSchema[K][1];
    } catch (e) {
      if (e instanceof ApiError) throw e;
      if (isApiError(e)) throw new ApiError(e.code, e.message);
      throw e;
    }
  };
}
