import { packageTestConfig } from '../../tools/vitest/package-config.js'

export default packageTestConfig({ fileParallelism: false })
