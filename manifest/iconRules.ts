/**
 * What Teams requires of the two app icons (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons):
 * - color.png: 192×192, full colour (we keep it fully opaque);
 * - outline.png: 32×32, white (#FFFFFF) on a transparent background: every pixel is either fully transparent
 *   or white with some alpha.
 */
import { decodePng, readPngInfo } from './png.js';

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** Problems with the icons, as sentences; empty when both are fine. */
export function iconProblems(colorPng: Buffer, outlinePng: Buffer): string[] {
  const problems: string[] = [];
  try {
    const { width, height } = readPngInfo(colorPng);
    if (width !== COLOR_ICON_SIZE || height !== COLOR_ICON_SIZE) {
      problems.push(`color.png must be ${COLOR_ICON_SIZE}×${COLOR_ICON_SIZE}, is ${width}×${height}`);
    }
  } catch (error) {
    problems.push(`color.png: ${(error as Error).message}`);
  }
  try {
    const { width, height } = readPngInfo(outlinePng);
    if (width !== OUTLINE_ICON_SIZE || height !== OUTLINE_ICON_SIZE) {
      problems.push(`outline.png must be ${OUTLINE_ICON_SIZE}×${OUTLINE_ICON_SIZE}, is ${width}×${height}`);
    } else {
      const { data } = decodePng(outlinePng);
      let notWhite = 0;
      let visible = 0;
      let transparent = 0;
      for (let i = 0; i < data.length; i += 4) {
        const alpha = data[i + 3] ?? 0;
        if (alpha === 0) { transparent++; continue; }
        visible++;
        if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) notWhite++;
      }
      if (notWhite > 0) problems.push(`outline.png must be white only: ${notWhite} visible pixels are not #FFFFFF`);
      if (visible === 0) problems.push('outline.png is empty (fully transparent)');
      if (transparent === 0) problems.push('outline.png has no transparent background');
    }
  } catch (error) {
    problems.push(`outline.png: ${(error as Error).message}`);
  }
  return problems;
}
