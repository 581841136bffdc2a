/** A store file that exists but can't be trusted. The process refuses it and leaves the file exactly as it is. */
export class StoreFileInvalidError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`Store file ${file} is not valid: ${problem}. It was left untouched; fix or restore it from a backup, then start again.`);
    this.name = 'StoreFileInvalidError';
  }
}
