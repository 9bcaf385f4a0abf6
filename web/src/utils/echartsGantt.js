// The ECharts pieces the Gantt charts use, registered once (tree-shaken): one custom series, the
// grid, tooltip, dataZoom (inside and slider) and the today markLine. Imported dynamically by
// useGanttChart, so that a page can ask the server for its rows while ECharts loads.
import { init, use } from 'echarts/core'
import { CustomChart } from 'echarts/charts'
import { DataZoomInsideComponent, DataZoomSliderComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([CanvasRenderer, CustomChart, GridComponent, TooltipComponent, DataZoomInsideComponent, DataZoomSliderComponent, MarkLineComponent])

export { init }
