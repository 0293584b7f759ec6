# A module that calls a nested module, once if enabled and once for each
# encryption mode in a list; the list's validation still allows SSE-C.
variable "enabled" {
  type    = bool
  default = true
}

variable "modes" {
  type    = list(string)
  default = ["SSE-KMS"]
  validation {
    condition     = alltrue([for m in var.modes : contains(["SSE-KMS", "SSE-C"], m)])
    error_message = "each mode must be SSE-KMS or SSE-C."
  }
}

module "main" {
  source          = "./modules/sc"
  count           = var.enabled ? 1 : 0
  encryption_mode = "CSE-KMS"
}

module "extra" {
  source          = "./modules/sc"
  for_each        = toset(var.modes)
  encryption_mode = each.value
}
