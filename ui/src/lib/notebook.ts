// The client the screens use: the typed API call, plus what every write sets off — the screens
// reload (the data revision goes up) and the sync status is asked again — and what a search says
// about contacts not yet searchable.
import { call as send } from "./api";
import type { Cmd } from "./api/client";
import type { ApiSchema } from "./api/generated/api";
import { dataRevision } from "./revision.svelte";
import { searchIndex } from "./search-index.svelte";
import { sync } from "./sync.svelte";
import { isWriteCommand } from "./sync-status";

export async function call<K extends Cmd>(command: K, request: ApiSchema[K][0]): Promise<ApiSchema[K][1]> {
  const answer = await send(command, request);
  if (isWriteCommand(command)) {
    dataRevision.bump();
    void sync.refresh();
  }
  if (command === "contact_list") searchIndex.heard((answer as ApiSchema["contact_list"][1]).indexing);
  return answer;
}
