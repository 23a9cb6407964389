/**
 * A folder name the mailbox accepts (libs/contracts FolderCreateRequest): checked here first,
 * so a bad name is the device's malformed request, not a refusal from the mailbox.
 */
const MAX_NAME = 256;

export function validFolderName(name: string): boolean {
  const trimmed = name.trim();
  return (
    trimmed.length >= 1 &&
    trimmed.length <= MAX_NAME &&
    ![...trimmed].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20)
  );
}
