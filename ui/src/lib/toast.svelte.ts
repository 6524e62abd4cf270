// The app-wide toast for what happened and can be undone ("Anna Bauer deleted. Undo"): one at a
// time, shown by the shell, so it outlives the screen that raised it (a deleted contact's screen
// is left at once).

export interface Undo {
  /** Undoes the change; the toast then shows `done`, or the error. */
  run: () => Promise<unknown>;
  /** What the toast says once undone. */
  done: string;
}

let current = $state<{ serial: number; text: string; undo: Undo | null; failed: unknown }>({
  serial: 0,
  text: "",
  undo: null,
  failed: null,
});

export const toast = {
  get current() {
    return current;
  },
  show(text: string, undo: Undo | null = null): void {
    current = { serial: current.serial + 1, text, undo, failed: null };
  },
  clear(): void {
    current = { serial: current.serial + 1, text: "", undo: null, failed: null };
  },
  async undo(): Promise<void> {
    const { undo, text } = current;
    if (!undo) return;
    current = { ...current, undo: null };
    try {
      await undo.run();
      toast.show(undo.done);
    } catch (e) {
      current = { serial: current.serial + 1, text, undo: null, failed: e };
    }
  },
};
