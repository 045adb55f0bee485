import { readFileSync } from 'node:fs'
import { createEngine } from '@gino-ts/core'

export const verified = await createEngine('postgres://app@db.example.com/app', {
  ssl: { ca: readFileSync('/etc/ssl/db-ca.pem', 'utf8') },
})
export const encrypted = await createEngine('postgres://app@db.example.com/app?sslmode=require')
