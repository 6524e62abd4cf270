import { describe, expect, it } from "vitest";
import { backupKind, formatSize } from "./backups";

describe("backupKind", () => {
  it("reads why a backup was taken from its file name", () => {
    expect(backupKind("handschlag-20261202-140300-123-manual.db")).toBe("manual");
    expect(backupKind("handschlag-20261202-000000-000-daily.db")).toBe("daily");
    expect(backupKind("handschlag-20261202-140300-999-before-migration.db")).toBe("before-migration");
    expect(backupKind("handschlag-20261202-140301-004-before-restore.db")).toBe("before-restore");
  });

  it("knows no kind for other names", () => {
    expect(backupKind("handschlag-20261202-140300-123-weekly.db")).toBeNull();
    expect(backupKind("my-copy.db")).toBeNull();
    expect(backupKind("handschlag-20261202-140300-123-manual.db.partial")).toBeNull();
  });
});

describe("formatSize", () => {
  it("says bytes, kB, MB or GB, in decimal units", () => {
    expect(formatSize(512, "en")).toBe("512 byte");
    expect(formatSize(84_000, "en")).toBe("84 kB");
    expect(formatSize(1_234_567, "en")).toBe("1.2 MB");
    expect(formatSize(56_700_000, "en")).toBe("57 MB");
    expect(formatSize(2_000_000_000, "en")).toBe("2 GB");
  });

  it("writes the number as the language does", () => {
    expect(formatSize(1_234_567, "de")).toBe("1,2 MB");
    expect(formatSize(512, "de")).toBe("512 Byte");
  });

  it("moves up a unit rather than show 1,000 of one", () => {
    expect(formatSize(999_600, "en")).toBe("1 MB");
    expect(formatSize(9_960, "en")).toBe("10 kB");
  });
});
