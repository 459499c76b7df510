import type { RequestHook } from './routes';

/** `x-served-by: <pid>` on every response: shows which worker process answered (--workers N). */
export const servedByHook: RequestHook = {
  name: 'served-by',
  onRequest(_req, res) {
    res.setHeader('x-served-by', String(process.pid));
    return true;
  },
};
