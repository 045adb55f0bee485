import type { FastifyPluginCallback } from 'fastify'
import type { Admin } from '../create-admin.js'
import { parseForm, pathBelow, queryFields, toFields } from './form-body.js'

export interface AdminFastifyOptions {
  readonly admin: Admin
}

const FORM = 'application/x-www-form-urlencoded'

/**
 * The admin as a Fastify plugin, answering below `admin.prefix`. It reads forms itself
 * (in its own encapsulated context, up to `admin.maxBodyBytes`) unless the app already has
 * a parser for them.
 *
 * @example
 * ```ts
 * await app.register(adminFastify, { admin: createAdmin({ db, authorize: { token: process.env.ADMIN_TOKEN! } }) })
 * ```
 */
export const adminFastify: FastifyPluginCallback<AdminFastifyOptions> = function ginoAdmin(app, { admin }, done) {
  if (!app.hasContentTypeParser(FORM)) {
    app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: admin.maxBodyBytes }, (_request, body, done) => {
      done(null, parseForm(body as string))
    })
  }
  const paths = admin.prefix === '' ? ['/', '/*'] : [admin.prefix, `${admin.prefix}/`, `${admin.prefix}/*`]
  for (const url of paths) {
    app.route({
      // HEAD explicitly: Fastify's automatic HEAD route would measure the admin's empty body.
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url,
      bodyLimit: admin.maxBodyBytes,
      handler: async (request, reply) => {
        const body = toFields(request.body)
        const answer = await admin.handle({
          method: request.method,
          path: pathBelow(request.url, admin.prefix) ?? '/',
          query: queryFields(request.url),
          headers: request.headers,
          ...(body === undefined ? {} : { body }),
          secure: request.protocol === 'https',
        })
        reply.code(answer.status)
        for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value)
        return reply.send(typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body))
      },
    })
  }
  done()
}
