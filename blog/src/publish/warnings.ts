/** Something a person should look at, with the place it was found. Never fatal. */
export interface DraftWarning {
  file: string;
  line: number;
  message: string;
}

export function formatWarning(warning: DraftWarning): string {
  return `${warning.file}:${warning.line}: ${warning.message}`;
}
