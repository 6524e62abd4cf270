// Tags as typed into one field: "trainer, Bank ,  trainer" → ["trainer", "bank"]. The core
// stores tags in lower case, so they are compared that way here too.

export function parseTags(text: string): string[] {
  const tags = text
    .split(",")
    .map((tag) => tag.trim().toLowerCase())
    .filter((tag) => tag !== "");
  return [...new Set(tags)];
}
