variable "warehouse_host" {
  type        = string
  description = "Warehouse host (Redshift endpoint or PostgreSQL)."
}

variable "warehouse_port" {
  type    = number
  default = 5439
}

variable "warehouse_database" {
  type = string
}

variable "warehouse_username" {
  type = string
}

variable "warehouse_password" {
  type      = string
  sensitive = true
  default   = null
}

variable "warehouse_sslmode" {
  type    = string
  default = "require"
}

variable "customer_targets" {
  description = "Per-customer OT / IF / OTIF targets in percent (a null field = no target). Null (the default) takes targets.json, the sample's cleaned targets."
  type = list(object({
    customer_id = number
    ontime      = optional(number)
    infull      = optional(number)
    otif        = optional(number)
  }))
  default = null
}

variable "city_targets" {
  description = "Per-city OT / IF / OTIF targets in percent, replacing the customers' weighted mean in kpi_by_city. The sample has none."
  type = list(object({
    city   = string
    ontime = optional(number)
    infull = optional(number)
    otif   = optional(number)
  }))
  default = []
}
