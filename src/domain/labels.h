#pragma once

#include <optional>
#include <string_view>

#include "domain/lifecycle.h"
#include "domain/project.h"
#include "domain/report.h"

// The Chinese names staff write in their spreadsheets and read in exports, for the project's
// enumerations (the same words as the web UI's zh-CN catalogue). Parsing is lenient the way a
// spreadsheet needs: the label, a common variant ("省级重点", "产业项目", "新建项目"), or the API key
// ("provincial"); surrounding spaces ignored.

namespace gongjian::domain {

std::string_view ProjectLevelLabel(ProjectLevel v);  // 省重点 / 市重点 / 区重点 / 一般
std::optional<ProjectLevel> ParseProjectLevelLabel(std::string_view text);
std::string_view ProjectCategoryLabel(ProjectCategory v);  // 产业 / 基础设施 / 民生 / 生态环保 / 社会事业 / 发展平台
std::optional<ProjectCategory> ParseProjectCategoryLabel(std::string_view text);
std::string_view ConstructionNatureLabel(ConstructionNature v);  // 新建 / 扩建 / 改建 / 迁建 / 恢复
std::optional<ConstructionNature> ParseConstructionNatureLabel(std::string_view text);
std::string_view ApprovalRegimeLabel(ApprovalRegime v);  // 审批 / 核准 / 备案
std::optional<ApprovalRegime> ParseApprovalRegimeLabel(std::string_view text);
std::string_view InvestmentSubjectLabel(InvestmentSubject v);  // 国有 / 民营 / 外资 / 政府
std::optional<InvestmentSubject> ParseInvestmentSubjectLabel(std::string_view text);
std::string_view StageLabel(Stage v);  // 谋划 / 储备 / 前期 / 在建 / 竣工 / 投产 / 停缓建 / 退库
std::optional<Stage> ParseStageLabel(std::string_view text);
std::string_view SiteStatusLabel(SiteStatus v);  // 未开工 / 已开工 / 停工 / 复工 / 已完工
std::optional<SiteStatus> ParseSiteStatusLabel(std::string_view text);

}  // namespace gongjian::domain
