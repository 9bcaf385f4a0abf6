#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/database.h"

namespace gongjian::store {

// Builds a WHERE clause and its parameters together, numbering $N as values are added.
class Where {
 public:
  explicit Where(Params initial = {}) : params_(std::move(initial)) {}
  std::string Param(Value v) {
    params_.push_back(std::move(v));
    return "$" + std::to_string(params_.size());
  }
  void Add(std::string condition) { conditions_.push_back(std::move(condition)); }
  std::string Sql() const {
    std::string out;
    for (const auto& c : conditions_) out += (out.empty() ? " WHERE " : " AND ") + c;
    return out;
  }
  const Params& params() const { return params_; }

 private:
  Params params_;
  std::vector<std::string> conditions_;
};

}  // namespace gongjian::store
