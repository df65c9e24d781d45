import { venvBin, venvs } from '../../scripts/python-venvs.mjs';

/** An executable of the Python test tools' virtual environment (schemathesis), as scripts/ensure-deps.mjs installs it. */
export const testToolsBin = (tool: string): string => venvBin(venvs.testTools, tool);

/** The Python of the venv with the HF stack and the hpsearch package (examples/hf-lora, python/), as scripts/ensure-deps.mjs installs it. */
export const hfPython = (): string => venvBin(venvs.python, 'python');
