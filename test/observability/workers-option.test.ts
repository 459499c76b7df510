import os from 'node:os';
import { workersOption } from '../../src/config';

test('--workers N, --workers=N and auto; WORKERS is the fallback', () => {
  expect(workersOption([], 1)).toBe(1);
  expect(workersOption([], 3)).toBe(3); // WORKERS=3 via config
  expect(workersOption(['--workers', '4'], 1)).toBe(4);
  expect(workersOption(['--workers=2'], 5)).toBe(2);
  expect(workersOption(['--workers', 'auto'], 1)).toBe(os.availableParallelism());
  expect(() => workersOption(['--workers', '0'], 1)).toThrow(/whole number/);
  expect(() => workersOption(['--workers', 'many'], 1)).toThrow(/whole number/);
});
