/** Header colour of nodes by category (also used by the minimap and the palette). */
const COLOURS: Record<string, string> = {
  data: '#2f9e44',
  network: '#f08c00',
  layer: '#1c7ed6',
  loss: '#e03131',
  optimizer: '#7048e8',
  training: '#c2255c',
  output: '#0ca678',
  math: '#5c7cfa',
};

export function categoryColour(category: string): string {
  return COLOURS[category] ?? '#868e96';
}
