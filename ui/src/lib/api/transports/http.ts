// The browser transport: the same commands over `handschlag serve` at /v1/api/{command}.
import type { ErrorCode, ImportProgress } from "../generated/api";
import { ApiError, type Transport } from "../client";

export const httpTransport: Transport = {
  async send(command, request) {
    const response = await fetch(`/v1/api/${command}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return body;
    const error = body as { code?: ErrorCode; message?: string } | null;
    if (error?.code && typeof error.message === "string") throw new ApiError(error.code, error.message);
    throw new Error(`the server answered ${response.status}; check that handschlag serve is running`);
  },
};

/** How far the import under way has come, or null when none runs (asked while it runs). */
export async function httpImportProgress(): Promise<ImportProgress | null> {
  const response = await fetch("/v1/import-progress");
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return (await response.json()) as ImportProgress | null;
}
