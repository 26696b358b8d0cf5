/**
 * The made-up team of the sandbox: the same three people in the DingTalk and the Lark group.
 * DingTalk card clicks carry only the userId (an admin-chosen staff id), so these read as names.
 */
export const SANDBOX_PEOPLE = [
  { key: 'alice', name: 'Alice', dingtalkId: 'Alice', larkOpenId: 'ou_5a4d0000000000000000000000a11ce' },
  { key: 'bob', name: 'Bob', dingtalkId: 'Bob', larkOpenId: 'ou_5a4d00000000000000000000000b0b0' },
  { key: 'carol', name: 'Carol', dingtalkId: 'Carol', larkOpenId: 'ou_5a4d0000000000000000000000ca401' },
] as const;

export type SandboxPerson = (typeof SANDBOX_PEOPLE)[number];

export function sandboxPerson(key: unknown): SandboxPerson {
  return SANDBOX_PEOPLE.find((person) => person.key === key) ?? SANDBOX_PEOPLE[0];
}
