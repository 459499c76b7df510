import fs from 'node:fs';
import path from 'node:path';

/**
 * The explorer's browser files, served from node_modules by the service itself so that the page
 * works with no internet access (no CDN). Only these names can be asked for: the URL never
 * reaches the file system.
 */
interface Asset {
  module: string;
  file: string;
  type: string;
}

export const EXPLORER_ASSETS_PATH = '/explorer/assets/';

const ASSETS: Record<string, Asset> = {
  'react.production.min.js': { module: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { module: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.min.js': { module: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { module: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
};

const cache = new Map<string, Buffer>();

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** The file's bytes and content type, or undefined for a name that is not an explorer asset. */
export function explorerAsset(name: string): { body: Buffer; type: string } | undefined {
  const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return undefined;
  let body = cache.get(name);
  if (!body) {
    body = fs.readFileSync(path.join(packageDir(asset.module), asset.file));
    cache.set(name, body);
  }
  return { body, type: asset.type };
}

export const explorerAssetUrl = (name: keyof typeof ASSETS & string) => `${EXPLORER_ASSETS_PATH}${name}`;
