/**
 * Hot reload trigger: watches the config and key files and calls `onChange` (debounced) when one
 * changes. Watches the parent directories rather than the files, because editors and
 * `keys create` replace files by rename, which a watch on the old inode would miss.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export interface FileWatcher {
  close(): void;
}

export function watchFiles(
  files: readonly string[],
  debounceMs: number,
  onChange: () => void,
): FileWatcher {
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const absolute = resolve(file);
    const names = byDir.get(dirname(absolute)) ?? new Set<string>();
    names.add(basename(absolute));
    byDir.set(dirname(absolute), names);
  }
  let timer: NodeJS.Timeout | undefined;
  const trigger = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    const watcher = watch(dir, { persistent: false }, (_event, filename) => {
      if (filename === null || names.has(filename)) trigger();
    });
    // A vanished directory must not crash the process; reloads then come from SIGHUP only.
    watcher.on('error', () => watcher.close());
    watchers.push(watcher);
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
