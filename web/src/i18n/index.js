import { createI18n } from 'vue-i18n'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import elEn from 'element-plus/es/locale/lang/en'
import zhCN from './zh-CN.json'
import en from './en.json'

export const DEFAULT_LOCALE = 'zh-CN'

/** The languages of the UI: value is also the Accept-Language sent to the server. */
export const LOCALES = [
  { value: 'zh-CN', label: '简体中文', element: elZhCn },
  { value: 'en', label: 'English', element: elEn },
]

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
})
