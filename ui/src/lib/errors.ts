// What to show when a command fails: the core's own sentence (it already says how to recover),
// or, when the core could not be reached at all, a sentence in the user's language.
import { ApiError } from "./api/client";
import type { Messages } from "./i18n";

export function errorText(error: unknown, t: Messages): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return t.errors.unreachable;
  if (error instanceof Error) return error.message;
  return String(error);
}
