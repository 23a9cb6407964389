/** The roles of the platform (DESIGN.md): each owns its state and talks to the others by messages. */
export const ROLE_NAMES = ['cas', 'mailbox', 'hub-transport', 'directory'] as const;

export type RoleName = (typeof ROLE_NAMES)[number];

export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}
