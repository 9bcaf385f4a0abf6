import { createRouter } from 'vue-router'
import {
  Coin,
  DataBoard,
  EditPen,
  FolderOpened,
  Odometer,
  Setting,
  Stamp,
  Trophy,
  Warning,
} from '@element-plus/icons-vue'
import AppLayout from '../layout/AppLayout.vue'
import DashboardView from '../views/DashboardView.vue'
import PlaceholderView from '../views/PlaceholderView.vue'
import NotFoundView from '../views/NotFoundView.vue'

// meta.title is an i18n key; it names the menu item, the breadcrumb and the document title.
const moduleRoute = (name, icon) => ({
  path: name,
  name,
  component: PlaceholderView,
  meta: { title: `menu.${name}`, icon },
})

/** The side menu, in order. */
export const menu = [
  { path: 'dashboard', name: 'dashboard', component: DashboardView, meta: { title: 'menu.dashboard', icon: Odometer } },
  moduleRoute('projects', FolderOpened),
  moduleRoute('reports', EditPen),
  moduleRoute('problems', Warning),
  moduleRoute('approvals', Stamp),
  moduleRoute('elements', Coin),
  moduleRoute('rankings', Trophy),
  moduleRoute('cockpit', DataBoard),
  moduleRoute('system', Setting),
]

export const routes = [
  {
    path: '/',
    component: AppLayout,
    redirect: '/dashboard',
    children: [
      ...menu,
      { path: ':pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { title: 'notFound.title' } },
    ],
  },
]

/** @param {import('vue-router').RouterHistory} history web history in the app, memory history in tests */
export function createAppRouter(history) {
  return createRouter({ history, routes })
}
