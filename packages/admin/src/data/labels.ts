/**
 * A human label from an identifier: `createdAt` and `created_at` → "Created at",
 * `admin_books` → "Admin books", `userID` → "User id".
 */
export function humanize(identifier: string): string {
  const words = identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase())
  const text = words.join(' ')
  return text === '' ? identifier : text.charAt(0).toUpperCase() + text.slice(1)
}
