// Money is exact (SPEC §2): the API speaks integer 分 (fen), the UI speaks 万元. 1 万元 = 10 000 元 =
// 1 000 000 分, so 万元 with up to 6 decimals is exactly a whole number of 分. Conversions work on
// the decimal digits (strings and BigInt), never by multiplying binary floating point numbers.

/** Decimal places of 万元 that make one 分. */
export const WAN_DECIMALS = 6

const WAN_PATTERN = /^(\d*)(?:\.(\d*))?$/

/** Thousands separators and spaces people paste along with an amount. */
const clean = (text) => String(text ?? '').replace(/[\s,，]/g, '')

/**
 * Whether text is an amount in 万元 the API can take: digits with at most 6 decimals, not negative,
 * within the safe integer range once in 分. Empty text is valid (no amount).
 * @param {string | number | null | undefined} text
 */
export function isWanText(text) {
  try {
    wanToFen(text)
    return true
  } catch {
    return false
  }
}

/**
 * An amount typed in 万元 as integer 分: "1.5" → 1500000, "0.000001" → 1, "1,234" → 1234000000.
 * @param {string | number | null | undefined} text
 * @returns {number | null} null when the text is empty
 * @throws {RangeError} when the text is not a non-negative amount with at most 6 decimals
 */
export function wanToFen(text) {
  const value = clean(text)
  if (value === '') return null
  const match = WAN_PATTERN.exec(value)
  if (!match || (match[1] === '' && !match[2])) throw new RangeError(`not an amount in 万元: ${text}`)
  const [, whole, fraction = ''] = match
  if (fraction.length > WAN_DECIMALS) throw new RangeError(`more than ${WAN_DECIMALS} decimals: ${text}`)
  const digits = `${whole}${fraction.padEnd(WAN_DECIMALS, '0')}`.replace(/^0+(?=\d)/, '')
  const fen = Number(digits)
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount too large: ${text}`)
  return fen
}

/**
 * Integer 分 as the exact 万元 text a form shows for editing: 1500000 → "1.5", 0 → "0".
 * @param {number | null | undefined} fen
 * @returns {string} '' when there is no amount
 */
export function fenToWan(fen) {
  if (fen === null || fen === undefined || fen === '') return ''
  const negative = fen < 0
  const digits = String(Math.abs(fen)).padStart(WAN_DECIMALS + 1, '0')
  const whole = digits.slice(0, -WAN_DECIMALS)
  const fraction = digits.slice(-WAN_DECIMALS).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}

const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/**
 * Integer 分 shown in 万元 with a fixed number of decimals (rounded half away from zero) and
 * thousands separators: 123456789 → "123.46", 1234500000000 → "1,234,500.00".
 * @param {number | null | undefined} fen
 * @param {number} [decimals] 0 to 6
 * @returns {string} '' when there is no amount
 */
export function formatWan(fen, decimals = 2) {
  if (fen === null || fen === undefined || fen === '') return ''
  const negative = fen < 0
  const divisor = BigInt(10) ** BigInt(WAN_DECIMALS - decimals)
  const abs = BigInt(Math.abs(fen))
  let scaled = abs / divisor
  if ((abs % divisor) * BigInt(2) >= divisor) scaled += BigInt(1)
  const digits = scaled.toString().padStart(decimals + 1, '0')
  const whole = group(decimals ? digits.slice(0, -decimals) : digits)
  const fraction = decimals ? `.${digits.slice(-decimals)}` : ''
  return `${negative && scaled > 0 ? '-' : ''}${whole}${fraction}`
}

/**
 * The sum of amounts in 分, exactly (every amount is a safe integer, and so is any realistic sum).
 * @param {(number | null | undefined)[]} amounts
 */
export const sumFen = (amounts) => amounts.reduce((sum, a) => sum + (Number.isSafeInteger(a) ? a : 0), 0)
