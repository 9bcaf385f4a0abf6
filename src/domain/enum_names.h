#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace gongjian::domain {

// A fixed table of an enumeration's values and their stable API names.
template <typename E, size_t N>
using EnumTable = std::array<std::pair<E, std::string_view>, N>;

// The name of `value`; empty when the table lacks it.
template <typename E, size_t N>
std::string_view EnumName(const EnumTable<E, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return {};
}

template <typename E, size_t N>
std::optional<E> EnumParse(const EnumTable<E, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace gongjian::domain
