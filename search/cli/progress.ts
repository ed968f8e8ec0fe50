/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every 10 % otherwise (CI logs).
 */
export interface Progress {
  tick(by?: number): void;
  done(): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  let current = 0;
  let lastDecile = -1;
  const started = Date.now();
  const width = 30;
  const draw = (final = false) => {
    const ratio = total > 0 ? Math.min(1, current / total) : 1;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (stream.isTTY) {
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${current}/${total} ${Math.round(ratio * 100)}% ${seconds}s${final ? "\n" : ""}`);
      return;
    }
    const decile = Math.floor(ratio * 10);
    if (decile !== lastDecile || final) {
      lastDecile = decile;
      if (!final || decile !== 10 || current !== total) stream.write(`${label} ${current}/${total} ${Math.round(ratio * 100)}% ${seconds}s\n`);
    }
  };
  let lastDraw = 0;
  return {
    tick(by = 1) {
      current += by;
      const now = Date.now();
      if (!stream.isTTY || now - lastDraw > 100 || current >= total) {
        lastDraw = now;
        draw();
      }
    },
    done() {
      draw(true);
    },
  };
}
