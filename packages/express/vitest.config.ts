import { packageTestConfig, sideBySide } from '../../tools/vitest/package-config.js'

export default packageTestConfig(sideBySide(2))
