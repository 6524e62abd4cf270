// The browser transport: the same commands over `handschlag serve` at /v1/api/{command}.
import type { ErrorCode } from "../generated/api";
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
