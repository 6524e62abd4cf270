// A counter that goes up whenever the notebook may have changed: after this device's writes and
// after a sync brought changes in. Screens read it in their loading effects to reload.

let revision = $state(0);

export const dataRevision = {
  get value(): number {
    return revision;
  },
  bump(): void {
    revision += 1;
  },
};
