export interface Venv {
  name: string;
  requirements: string[];
  probe: string;
  localPackage?: string;
}
export const venvs: { testTools: Venv; python: Venv };
/** The venv's directory under ~/.cache/hpsearch/, named by the hash of its requirements. */
export function venvDir(venv: Venv): string;
/** An executable in the venv's bin/. */
export function venvBin(venv: Venv, tool: string): string;
/** Creates the venv when missing and reinstalls its local package when it changed; false without python3. */
export function ensureVenv(venv: Venv, say: (line: string) => void): boolean;
