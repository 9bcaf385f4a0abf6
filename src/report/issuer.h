#pragma once

namespace gongjian::report {

// The office that issues the letters and the briefings, after the district's name:
// "示范区" + kOfficeTitle.
inline constexpr const char* kOfficeTitle = "重大项目攻坚指挥部办公室";

}  // namespace gongjian::report
