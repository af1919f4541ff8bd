"""Region enums of the official spec (facts §8.3.9, §11.5)."""

AWS_REGIONS = frozenset(
    "US_EAST_1 US_EAST_2 US_WEST_1 US_WEST_2 CA_CENTRAL_1 EU_NORTH_1 EU_WEST_1 EU_WEST_2 EU_WEST_3 "
    "EU_CENTRAL_1 EU_CENTRAL_2 SA_EAST_1 AP_EAST_1 AP_EAST_2 AP_SOUTHEAST_2 AP_SOUTHEAST_3 AP_SOUTHEAST_4 "
    "AP_SOUTHEAST_5 AP_SOUTHEAST_6 AP_SOUTHEAST_7 AP_NORTHEAST_1 AP_NORTHEAST_2 AP_NORTHEAST_3 AP_SOUTHEAST_1 "
    "AP_SOUTH_1 AP_SOUTH_2 CN_NORTH_1 CN_NORTHWEST_1 ME_CENTRAL_1 ME_SOUTH_1 AF_SOUTH_1 EU_SOUTH_1 EU_SOUTH_2 "
    "IL_CENTRAL_1 CA_WEST_1 MX_CENTRAL_1 GLOBAL US_GOV_WEST_1 US_GOV_EAST_1".split()
)

AZURE_REGIONS = frozenset(
    "US_CENTRAL US_EAST US_EAST_2 US_EAST_2_EUAP US_NORTH_CENTRAL US_WEST US_SOUTH_CENTRAL EUROPE_NORTH "
    "EUROPE_WEST US_WEST_CENTRAL US_WEST_2 US_WEST_3 CANADA_EAST CANADA_CENTRAL BRAZIL_SOUTH BRAZIL_SOUTHEAST "
    "AUSTRALIA_EAST AUSTRALIA_SOUTH_EAST AUSTRALIA_CENTRAL AUSTRALIA_CENTRAL_2 UAE_NORTH GERMANY_WEST_CENTRAL "
    "GERMANY_NORTH SWITZERLAND_NORTH SWITZERLAND_WEST SWEDEN_CENTRAL SWEDEN_SOUTH UK_SOUTH UK_WEST INDIA_CENTRAL "
    "INDIA_WEST INDIA_SOUTH CHINA_EAST CHINA_NORTH ASIA_EAST JAPAN_EAST JAPAN_WEST ASIA_SOUTH_EAST KOREA_CENTRAL "
    "KOREA_SOUTH FRANCE_CENTRAL FRANCE_SOUTH SOUTH_AFRICA_NORTH SOUTH_AFRICA_WEST NORWAY_EAST NORWAY_WEST "
    "UAE_CENTRAL QATAR_CENTRAL POLAND_CENTRAL ISRAEL_CENTRAL ITALY_NORTH SPAIN_CENTRAL MEXICO_CENTRAL "
    "NEW_ZEALAND_NORTH INDONESIA_CENTRAL MALAYSIA_WEST CHILE_CENTRAL US_GOV_VIRGINIA US_GOV_ARIZONA US_GOV_TEXAS".split()
)

GCP_REGIONS = frozenset(
    "AFRICA_SOUTH_1 ASIA_EAST_2 ASIA_NORTHEAST_2 ASIA_NORTHEAST_3 ASIA_SOUTH_1 ASIA_SOUTH_2 ASIA_SOUTHEAST_2 "
    "AUSTRALIA_SOUTHEAST_1 AUSTRALIA_SOUTHEAST_2 CENTRAL_US EASTERN_ASIA_PACIFIC EASTERN_US EUROPE_CENTRAL_2 "
    "EUROPE_NORTH_1 EUROPE_WEST_2 EUROPE_WEST_3 EUROPE_WEST_4 EUROPE_WEST_6 EUROPE_WEST_10 EUROPE_WEST_12 "
    "MIDDLE_EAST_CENTRAL_1 MIDDLE_EAST_CENTRAL_2 MIDDLE_EAST_WEST_1 NORTH_AMERICA_NORTHEAST_1 "
    "NORTH_AMERICA_NORTHEAST_2 NORTH_AMERICA_SOUTH_1 NORTHEASTERN_ASIA_PACIFIC SOUTH_AMERICA_EAST_1 "
    "SOUTH_AMERICA_WEST_1 SOUTHEASTERN_ASIA_PACIFIC US_EAST_4 US_EAST_5 US_WEST_2 US_WEST_3 US_WEST_4 "
    "US_SOUTH_1 WESTERN_EUROPE WESTERN_US".split()
)

BACKUP_PE_REGIONS = frozenset(
    "US_GOV_WEST_1 US_GOV_EAST_1 US_EAST_1 US_EAST_2 US_WEST_1 US_WEST_2 CA_CENTRAL_1 EU_NORTH_1 EU_WEST_1 "
    "EU_WEST_2 EU_WEST_3 EU_CENTRAL_1 AP_EAST_1 AP_NORTHEAST_1 AP_NORTHEAST_2 AP_NORTHEAST_3 AP_SOUTHEAST_1 "
    "AP_SOUTHEAST_2 AP_SOUTHEAST_3 AP_SOUTH_1 SA_EAST_1 CN_NORTH_1 CN_NORTHWEST_1 ME_SOUTH_1 AF_SOUTH_1 "
    "EU_SOUTH_1 GLOBAL".split()
)


def aws_native(atlas_region: str) -> str:
    """US_EAST_1 -> us-east-1 (the form AWS and ``accepterRegionName`` use)."""
    return atlas_region.lower().replace("_", "-")


AWS_NATIVE_REGIONS = frozenset(aws_native(r) for r in AWS_REGIONS if r != "GLOBAL")


# ---------------------------------------------------------------- private endpoint services
# Cloud-native region names (what AWS, Azure and Google call a region) mapped to Atlas names.
# Atlas accepts either form in the ``region`` of a private endpoint service and always answers
# in Atlas form (privatelink facts §1.6).  AWS is mechanical; Azure and GCP are not.
AZURE_NATIVE = {
    "centralus": "US_CENTRAL", "eastus": "US_EAST", "eastus2": "US_EAST_2", "eastus2euap": "US_EAST_2_EUAP",
    "northcentralus": "US_NORTH_CENTRAL", "westus": "US_WEST", "southcentralus": "US_SOUTH_CENTRAL",
    "northeurope": "EUROPE_NORTH", "westeurope": "EUROPE_WEST", "westcentralus": "US_WEST_CENTRAL",
    "westus2": "US_WEST_2", "westus3": "US_WEST_3", "canadaeast": "CANADA_EAST", "canadacentral": "CANADA_CENTRAL",
    "brazilsouth": "BRAZIL_SOUTH", "brazilsoutheast": "BRAZIL_SOUTHEAST", "australiaeast": "AUSTRALIA_EAST",
    "australiasoutheast": "AUSTRALIA_SOUTH_EAST", "australiacentral": "AUSTRALIA_CENTRAL",
    "australiacentral2": "AUSTRALIA_CENTRAL_2", "uaenorth": "UAE_NORTH", "uaecentral": "UAE_CENTRAL",
    "germanywestcentral": "GERMANY_WEST_CENTRAL", "germanynorth": "GERMANY_NORTH",
    "switzerlandnorth": "SWITZERLAND_NORTH", "switzerlandwest": "SWITZERLAND_WEST", "swedencentral": "SWEDEN_CENTRAL",
    "swedensouth": "SWEDEN_SOUTH", "uksouth": "UK_SOUTH", "ukwest": "UK_WEST", "centralindia": "INDIA_CENTRAL",
    "westindia": "INDIA_WEST", "southindia": "INDIA_SOUTH", "chinaeast": "CHINA_EAST", "chinanorth": "CHINA_NORTH",
    "eastasia": "ASIA_EAST", "japaneast": "JAPAN_EAST", "japanwest": "JAPAN_WEST", "southeastasia": "ASIA_SOUTH_EAST",
    "koreacentral": "KOREA_CENTRAL", "koreasouth": "KOREA_SOUTH", "francecentral": "FRANCE_CENTRAL",
    "francesouth": "FRANCE_SOUTH", "southafricanorth": "SOUTH_AFRICA_NORTH", "southafricawest": "SOUTH_AFRICA_WEST",
    "norwayeast": "NORWAY_EAST", "norwaywest": "NORWAY_WEST", "qatarcentral": "QATAR_CENTRAL",
    "polandcentral": "POLAND_CENTRAL", "israelcentral": "ISRAEL_CENTRAL", "italynorth": "ITALY_NORTH",
    "spaincentral": "SPAIN_CENTRAL", "mexicocentral": "MEXICO_CENTRAL", "newzealandnorth": "NEW_ZEALAND_NORTH",
    "indonesiacentral": "INDONESIA_CENTRAL", "malaysiawest": "MALAYSIA_WEST", "chilecentral": "CHILE_CENTRAL",
    "usgovvirginia": "US_GOV_VIRGINIA", "usgovarizona": "US_GOV_ARIZONA", "usgovtexas": "US_GOV_TEXAS",
}

GCP_NATIVE = {
    "africa-south1": "AFRICA_SOUTH_1", "asia-east1": "EASTERN_ASIA_PACIFIC", "asia-east2": "ASIA_EAST_2",
    "asia-northeast1": "NORTHEASTERN_ASIA_PACIFIC", "asia-northeast2": "ASIA_NORTHEAST_2",
    "asia-northeast3": "ASIA_NORTHEAST_3", "asia-south1": "ASIA_SOUTH_1", "asia-south2": "ASIA_SOUTH_2",
    "asia-southeast1": "SOUTHEASTERN_ASIA_PACIFIC", "asia-southeast2": "ASIA_SOUTHEAST_2",
    "australia-southeast1": "AUSTRALIA_SOUTHEAST_1", "australia-southeast2": "AUSTRALIA_SOUTHEAST_2",
    "us-central1": "CENTRAL_US", "us-east1": "EASTERN_US", "us-east4": "US_EAST_4", "us-east5": "US_EAST_5",
    "us-west1": "WESTERN_US", "us-west2": "US_WEST_2", "us-west3": "US_WEST_3", "us-west4": "US_WEST_4",
    "us-south1": "US_SOUTH_1", "europe-central2": "EUROPE_CENTRAL_2", "europe-north1": "EUROPE_NORTH_1",
    "europe-west1": "WESTERN_EUROPE", "europe-west2": "EUROPE_WEST_2", "europe-west3": "EUROPE_WEST_3",
    "europe-west4": "EUROPE_WEST_4", "europe-west6": "EUROPE_WEST_6", "europe-west10": "EUROPE_WEST_10",
    "europe-west12": "EUROPE_WEST_12", "me-central1": "MIDDLE_EAST_CENTRAL_1", "me-central2": "MIDDLE_EAST_CENTRAL_2",
    "me-west1": "MIDDLE_EAST_WEST_1", "northamerica-northeast1": "NORTH_AMERICA_NORTHEAST_1",
    "northamerica-northeast2": "NORTH_AMERICA_NORTHEAST_2", "northamerica-south1": "NORTH_AMERICA_SOUTH_1",
    "southamerica-east1": "SOUTH_AMERICA_EAST_1", "southamerica-west1": "SOUTH_AMERICA_WEST_1",
}

PROVIDER_REGIONS = {"AWS": AWS_REGIONS - {"GLOBAL"}, "AZURE": AZURE_REGIONS, "GCP": GCP_REGIONS}
_NATIVE_TO_ATLAS = {
    "AWS": {aws_native(r): r for r in AWS_REGIONS if r != "GLOBAL"},
    "AZURE": AZURE_NATIVE,
    "GCP": GCP_NATIVE,
}


def atlas_region(provider: str, value: str):
    """Atlas name of ``value`` (Atlas form, or the cloud's own name in any case), or None."""
    if value in PROVIDER_REGIONS[provider]:
        return value
    return _NATIVE_TO_ATLAS[provider].get(value.lower())


def native_region(provider: str, atlas: str) -> str:
    """The cloud's own name of an Atlas region (``US_EAST_1`` -> ``us-east-1``, ``WESTERN_EUROPE`` -> ``europe-west1``)."""
    for native, name in _NATIVE_TO_ATLAS[provider].items():
        if name == atlas:
            return native
    return atlas.lower().replace("_", "-")
