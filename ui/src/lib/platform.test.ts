import { describe, expect, it } from "vitest";
import { isPhoneBuild } from "./platform";

describe("isPhoneBuild", () => {
  it("is true for the Android and iOS app builds", () => {
    expect(isPhoneBuild("android")).toBe(true);
    expect(isPhoneBuild("ios")).toBe(true);
  });

  it("is false for desktop builds and a plain build", () => {
    expect(isPhoneBuild("linux")).toBe(false);
    expect(isPhoneBuild("windows")).toBe(false);
    expect(isPhoneBuild("")).toBe(false);
    expect(isPhoneBuild(undefined)).toBe(false);
  });

  it("is false in this test run, built without the Tauri CLI", () => {
    expect(isPhoneBuild()).toBe(false);
  });
});
