import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import WarningSelect from './WarningSelect.vue'
import { i18n } from '../../i18n'

describe('WarningSelect', () => {
  it('offers the three lights, worst first, under their Chinese names and writes the chosen ones to v-model', async () => {
    const wrapper = mount(WarningSelect, {
      props: { testid: 'w', modelValue: [], 'onUpdate:modelValue': (v) => wrapper.setProps({ modelValue: v }) },
      global: { plugins: [i18n, ElementPlus] },
      attachTo: document.body,
    })
    expect(wrapper.text()).toContain('预警')
    await wrapper.get('[data-testid="w"]').trigger('click')
    await flushPromises()
    const options = document.querySelectorAll('[data-testid^="w-"]')
    expect([...options].map((o) => o.getAttribute('data-testid'))).toEqual(['w-red', 'w-yellow', 'w-green'])
    expect([...options].map((o) => o.textContent.trim())).toEqual(['红灯', '黄灯', '绿灯'])
    options[0].click()
    await flushPromises()
    expect(wrapper.props('modelValue')).toEqual(['red'])
    wrapper.unmount()
  })
})
