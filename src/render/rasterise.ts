import { Resvg } from '@resvg/resvg-js';
import { encodePng } from './png.ts';

export interface Raster {
  png: Buffer;
  width: number;
  height: number;
}

/** SVG -> PNG. Satori draws text as paths, so resvg needs no fonts (loading system fonts costs more than drawing). */
export function rasterise(svg: string): Raster {
  const image = new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'original' } }).render();
  return { png: encodePng(image.pixels, image.width, image.height), width: image.width, height: image.height };
}
