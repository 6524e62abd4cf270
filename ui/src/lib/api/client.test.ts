import { describe, expect, it } from "vitest";
import { ApiError, createClient, type Transport } from "./client";
import type { ContactPage } from "./generated/api";

/** A transport that records what it was sent and answers with a canned result. */
function fakeTransport(answer: () => Promise<unknown>) {
  const sent: { command: string; request: unknown }[] = [];
  const transport: Transport = {
    send(command, request) {
      sent.push({ command, request });
      return answer();
    },
  };
  return { transport, sent };
}

const query = { query: "müller", limit: 10 };

describe("call", () => {
  it("passes the command and request through and returns the response", async () => {
    const page: ContactPage = { contacts: [], total: 0, indexing: 0 };
    const { transport, sent } = fakeTransport(async () => page);
    const call = createClient(transport);

    await expect(call("contact_list", query)).resolves.toEqual(page);
    expect(sent).toEqual([{ command: "contact_list", request: query }]);
  });

  it("rejects with an ApiError that keeps the code and message", async () => {
    const { transport } = fakeTransport(async () => {
      throw { code: "notFound", message: "no contact with id x; list contacts to find it" };
    });
    const call = createClient(transport);

    const error = await call("contact_get", { id: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "notFound", message: "no contact with id x; list contacts to find it" });
  });

  it("passes other failures through unchanged", async () => {
    const failure = new TypeError("network down");
    const call = createClient(fakeTransport(async () => Promise.reject(failure)).transport);

    await expect(call("contact_list", query)).rejects.toBe(failure);
  });
});
