#include "store/value.h"

#include <stdexcept>

namespace gongjian::store {

const Value& RowRef::At(std::string_view column) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == column) return values_[i];
  }
  throw std::out_of_range("no column " + std::string(column));
}

bool RowRef::IsNull(std::string_view column) const {
  return std::holds_alternative<std::monostate>(At(column));
}

int64_t RowRef::Int(std::string_view column) const {
  const Value& v = At(column);
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) return std::stoll(*s);
  return 0;
}

double RowRef::Real(std::string_view column) const {
  const Value& v = At(column);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) return std::stod(*s);
  return 0;
}

std::string RowRef::Text(std::string_view column) const {
  const Value& v = At(column);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

std::optional<int64_t> RowRef::OptInt(std::string_view column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<std::string> RowRef::OptText(std::string_view column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

}  // namespace gongjian::store
