// The repository's rules, minus the scratch projects the tests write under .tmp/.
import root from '../../eslint.config.js'

export default [{ ignores: ['.tmp/**'] }, ...root]
