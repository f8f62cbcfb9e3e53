/**
 * `text` cut to at most `max` characters (Unicode code points, as JSON Schema's maxLength
 * counts them), ending in "…" when it was cut. For values the server answers with a stated
 * bound (problem bodies, audit rows), so the bound holds whatever produced the text.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}
