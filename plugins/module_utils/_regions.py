# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""Region names Atlas accepts, copied from the enums of the official OpenAPI description.

tests/unit/plugins/module_utils/test_regions.py checks them against atlas-openapi-subset.yaml.
"""

from __future__ import annotations

import re

AWS_CONTAINER_REGIONS = (
    'US_EAST_1', 'US_EAST_2', 'US_WEST_1', 'US_WEST_2', 'CA_CENTRAL_1', 'EU_NORTH_1', 'EU_WEST_1',
    'EU_WEST_2', 'EU_WEST_3', 'EU_CENTRAL_1', 'EU_CENTRAL_2', 'SA_EAST_1', 'AP_EAST_1', 'AP_EAST_2',
    'AP_SOUTHEAST_2', 'AP_SOUTHEAST_3', 'AP_SOUTHEAST_4', 'AP_SOUTHEAST_5', 'AP_SOUTHEAST_6',
    'AP_SOUTHEAST_7', 'AP_NORTHEAST_1', 'AP_NORTHEAST_2', 'AP_NORTHEAST_3', 'AP_SOUTHEAST_1',
    'AP_SOUTH_1', 'AP_SOUTH_2', 'CN_NORTH_1', 'CN_NORTHWEST_1', 'ME_CENTRAL_1', 'ME_SOUTH_1',
    'AF_SOUTH_1', 'EU_SOUTH_1', 'EU_SOUTH_2', 'IL_CENTRAL_1', 'CA_WEST_1', 'MX_CENTRAL_1', 'GLOBAL',
    'US_GOV_WEST_1', 'US_GOV_EAST_1',
)

AZURE_CONTAINER_REGIONS = (
    'US_CENTRAL', 'US_EAST', 'US_EAST_2', 'US_EAST_2_EUAP', 'US_NORTH_CENTRAL', 'US_WEST',
    'US_SOUTH_CENTRAL', 'EUROPE_NORTH', 'EUROPE_WEST', 'US_WEST_CENTRAL', 'US_WEST_2', 'US_WEST_3',
    'CANADA_EAST', 'CANADA_CENTRAL', 'BRAZIL_SOUTH', 'BRAZIL_SOUTHEAST', 'AUSTRALIA_EAST',
    'AUSTRALIA_SOUTH_EAST', 'AUSTRALIA_CENTRAL', 'AUSTRALIA_CENTRAL_2', 'UAE_NORTH',
    'GERMANY_WEST_CENTRAL', 'GERMANY_NORTH', 'SWITZERLAND_NORTH', 'SWITZERLAND_WEST',
    'SWEDEN_CENTRAL', 'SWEDEN_SOUTH', 'UK_SOUTH', 'UK_WEST', 'INDIA_CENTRAL', 'INDIA_WEST',
    'INDIA_SOUTH', 'CHINA_EAST', 'CHINA_NORTH', 'ASIA_EAST', 'JAPAN_EAST', 'JAPAN_WEST',
    'ASIA_SOUTH_EAST', 'KOREA_CENTRAL', 'KOREA_SOUTH', 'FRANCE_CENTRAL', 'FRANCE_SOUTH',
    'SOUTH_AFRICA_NORTH', 'SOUTH_AFRICA_WEST', 'NORWAY_EAST', 'NORWAY_WEST', 'UAE_CENTRAL',
    'QATAR_CENTRAL', 'POLAND_CENTRAL', 'ISRAEL_CENTRAL', 'ITALY_NORTH', 'SPAIN_CENTRAL',
    'MEXICO_CENTRAL', 'NEW_ZEALAND_NORTH', 'INDONESIA_CENTRAL', 'MALAYSIA_WEST', 'CHILE_CENTRAL',
    'US_GOV_VIRGINIA', 'US_GOV_ARIZONA', 'US_GOV_TEXAS',
)

GCP_CONTAINER_REGIONS = (
    'AFRICA_SOUTH_1', 'ASIA_EAST_2', 'ASIA_NORTHEAST_2', 'ASIA_NORTHEAST_3', 'ASIA_SOUTH_1',
    'ASIA_SOUTH_2', 'ASIA_SOUTHEAST_2', 'AUSTRALIA_SOUTHEAST_1', 'AUSTRALIA_SOUTHEAST_2',
    'CENTRAL_US', 'EASTERN_ASIA_PACIFIC', 'EASTERN_US', 'EUROPE_CENTRAL_2', 'EUROPE_NORTH_1',
    'EUROPE_WEST_2', 'EUROPE_WEST_3', 'EUROPE_WEST_4', 'EUROPE_WEST_6', 'EUROPE_WEST_10',
    'EUROPE_WEST_12', 'MIDDLE_EAST_CENTRAL_1', 'MIDDLE_EAST_CENTRAL_2', 'MIDDLE_EAST_WEST_1',
    'NORTH_AMERICA_NORTHEAST_1', 'NORTH_AMERICA_NORTHEAST_2', 'NORTH_AMERICA_SOUTH_1',
    'NORTHEASTERN_ASIA_PACIFIC', 'SOUTH_AMERICA_EAST_1', 'SOUTH_AMERICA_WEST_1',
    'SOUTHEASTERN_ASIA_PACIFIC', 'US_EAST_4', 'US_EAST_5', 'US_WEST_2', 'US_WEST_3', 'US_WEST_4',
    'US_SOUTH_1', 'WESTERN_EUROPE', 'WESTERN_US',
)

BACKUP_ENDPOINT_REGIONS = (
    'US_GOV_WEST_1', 'US_GOV_EAST_1', 'US_EAST_1', 'US_EAST_2', 'US_WEST_1', 'US_WEST_2',
    'CA_CENTRAL_1', 'EU_NORTH_1', 'EU_WEST_1', 'EU_WEST_2', 'EU_WEST_3', 'EU_CENTRAL_1',
    'AP_EAST_1', 'AP_NORTHEAST_1', 'AP_NORTHEAST_2', 'AP_NORTHEAST_3', 'AP_SOUTHEAST_1',
    'AP_SOUTHEAST_2', 'AP_SOUTHEAST_3', 'AP_SOUTH_1', 'SA_EAST_1', 'CN_NORTH_1', 'CN_NORTHWEST_1',
    'ME_SOUTH_1', 'AF_SOUTH_1', 'EU_SOUTH_1', 'GLOBAL',
)

# Encryption-at-rest private endpoints (atlas-openapi-privatelink.yaml, EARPrivateEndpoint.regionName):
# the AWS enum is the container one; the Azure enum lacks a few of the container regions.
EAR_AWS_REGIONS = AWS_CONTAINER_REGIONS
EAR_AZURE_REGIONS = (
    'US_CENTRAL', 'US_EAST', 'US_EAST_2', 'US_NORTH_CENTRAL', 'US_WEST', 'US_SOUTH_CENTRAL',
    'EUROPE_NORTH', 'EUROPE_WEST', 'US_WEST_CENTRAL', 'US_WEST_2', 'US_WEST_3', 'CANADA_EAST',
    'CANADA_CENTRAL', 'BRAZIL_SOUTH', 'BRAZIL_SOUTHEAST', 'AUSTRALIA_CENTRAL', 'AUSTRALIA_CENTRAL_2',
    'AUSTRALIA_EAST', 'AUSTRALIA_SOUTH_EAST', 'GERMANY_WEST_CENTRAL', 'GERMANY_NORTH', 'SWEDEN_CENTRAL',
    'SWEDEN_SOUTH', 'SWITZERLAND_NORTH', 'SWITZERLAND_WEST', 'UK_SOUTH', 'UK_WEST', 'NORWAY_EAST',
    'NORWAY_WEST', 'INDIA_CENTRAL', 'INDIA_SOUTH', 'INDIA_WEST', 'CHINA_EAST', 'CHINA_NORTH',
    'ASIA_EAST', 'JAPAN_EAST', 'JAPAN_WEST', 'ASIA_SOUTH_EAST', 'KOREA_CENTRAL', 'KOREA_SOUTH',
    'FRANCE_CENTRAL', 'FRANCE_SOUTH', 'SOUTH_AFRICA_NORTH', 'SOUTH_AFRICA_WEST', 'UAE_CENTRAL',
    'UAE_NORTH', 'QATAR_CENTRAL', 'POLAND_CENTRAL', 'ISRAEL_CENTRAL', 'ITALY_NORTH', 'SPAIN_CENTRAL',
    'MEXICO_CENTRAL', 'NEW_ZEALAND_NORTH', 'US_GOV_VIRGINIA', 'US_GOV_ARIZONA', 'US_GOV_TEXAS',
)


def atlas_region_name(value):
    """'us-east-1', 'US-EAST-1' or 'us_east_1' -> 'US_EAST_1' (Atlas's enum form)."""
    return re.sub(r'[-\s]', '_', str(value).strip()).upper()


def aws_region_name(value):
    """'US_EAST_1' or 'us-east-1' -> 'us-east-1' (AWS's own form, used by accepterRegionName)."""
    return str(value).strip().lower().replace('_', '-')


# -- private endpoint services: Atlas's name of a region from either form ---------------------------
# Atlas accepts a private endpoint service's region in Atlas form or in the cloud's own form and
# always answers in Atlas form, so a module compares regions in Atlas form only. For AWS the two
# forms map mechanically (us-east-1 <-> US_EAST_1); for Azure and Google Cloud they do not
# (asia-northeast1 is NORTHEASTERN_ASIA_PACIFIC, eastus2 is US_EAST_2), so these tables name every
# region exactly: no guessing, no fuzzy matching. Sources: the Atlas documentation's region tables
# (reference/microsoft-azure, reference/google-gcp: "Azure Region / Atlas Region",
# "GCP Region / Atlas Region") and the clouds' own location names for the rest of the official
# enums above. tests/unit/plugins/module_utils/test_regions.py checks that they cover every enum value.
AZURE_NATIVE_REGIONS = {
    'centralus': 'US_CENTRAL', 'eastus': 'US_EAST', 'eastus2': 'US_EAST_2', 'eastus2euap': 'US_EAST_2_EUAP',
    'northcentralus': 'US_NORTH_CENTRAL', 'westus': 'US_WEST', 'southcentralus': 'US_SOUTH_CENTRAL',
    'northeurope': 'EUROPE_NORTH', 'westeurope': 'EUROPE_WEST', 'westcentralus': 'US_WEST_CENTRAL',
    'westus2': 'US_WEST_2', 'westus3': 'US_WEST_3', 'canadaeast': 'CANADA_EAST', 'canadacentral': 'CANADA_CENTRAL',
    'brazilsouth': 'BRAZIL_SOUTH', 'brazilsoutheast': 'BRAZIL_SOUTHEAST', 'australiaeast': 'AUSTRALIA_EAST',
    'australiasoutheast': 'AUSTRALIA_SOUTH_EAST', 'australiacentral': 'AUSTRALIA_CENTRAL',
    'australiacentral2': 'AUSTRALIA_CENTRAL_2', 'uaenorth': 'UAE_NORTH', 'germanywestcentral': 'GERMANY_WEST_CENTRAL',
    'germanynorth': 'GERMANY_NORTH', 'switzerlandnorth': 'SWITZERLAND_NORTH', 'switzerlandwest': 'SWITZERLAND_WEST',
    'swedencentral': 'SWEDEN_CENTRAL', 'swedensouth': 'SWEDEN_SOUTH', 'uksouth': 'UK_SOUTH', 'ukwest': 'UK_WEST',
    'centralindia': 'INDIA_CENTRAL', 'westindia': 'INDIA_WEST', 'southindia': 'INDIA_SOUTH',
    'chinaeast': 'CHINA_EAST', 'chinanorth': 'CHINA_NORTH', 'eastasia': 'ASIA_EAST', 'japaneast': 'JAPAN_EAST',
    'japanwest': 'JAPAN_WEST', 'southeastasia': 'ASIA_SOUTH_EAST', 'koreacentral': 'KOREA_CENTRAL',
    'koreasouth': 'KOREA_SOUTH', 'francecentral': 'FRANCE_CENTRAL', 'francesouth': 'FRANCE_SOUTH',
    'southafricanorth': 'SOUTH_AFRICA_NORTH', 'southafricawest': 'SOUTH_AFRICA_WEST', 'norwayeast': 'NORWAY_EAST',
    'norwaywest': 'NORWAY_WEST', 'uaecentral': 'UAE_CENTRAL', 'qatarcentral': 'QATAR_CENTRAL',
    'polandcentral': 'POLAND_CENTRAL', 'israelcentral': 'ISRAEL_CENTRAL', 'italynorth': 'ITALY_NORTH',
    'spaincentral': 'SPAIN_CENTRAL', 'mexicocentral': 'MEXICO_CENTRAL', 'newzealandnorth': 'NEW_ZEALAND_NORTH',
    'indonesiacentral': 'INDONESIA_CENTRAL', 'malaysiawest': 'MALAYSIA_WEST', 'chilecentral': 'CHILE_CENTRAL',
    'usgovvirginia': 'US_GOV_VIRGINIA', 'usgovarizona': 'US_GOV_ARIZONA', 'usgovtexas': 'US_GOV_TEXAS',
}

GCP_NATIVE_REGIONS = {
    'africa-south1': 'AFRICA_SOUTH_1', 'asia-east1': 'EASTERN_ASIA_PACIFIC', 'asia-east2': 'ASIA_EAST_2',
    'asia-northeast1': 'NORTHEASTERN_ASIA_PACIFIC', 'asia-northeast2': 'ASIA_NORTHEAST_2',
    'asia-northeast3': 'ASIA_NORTHEAST_3', 'asia-south1': 'ASIA_SOUTH_1', 'asia-south2': 'ASIA_SOUTH_2',
    'asia-southeast1': 'SOUTHEASTERN_ASIA_PACIFIC', 'asia-southeast2': 'ASIA_SOUTHEAST_2',
    'australia-southeast1': 'AUSTRALIA_SOUTHEAST_1', 'australia-southeast2': 'AUSTRALIA_SOUTHEAST_2',
    'europe-central2': 'EUROPE_CENTRAL_2', 'europe-north1': 'EUROPE_NORTH_1', 'europe-west1': 'WESTERN_EUROPE',
    'europe-west2': 'EUROPE_WEST_2', 'europe-west3': 'EUROPE_WEST_3', 'europe-west4': 'EUROPE_WEST_4',
    'europe-west6': 'EUROPE_WEST_6', 'europe-west8': 'EUROPE_WEST_8', 'europe-west9': 'EUROPE_WEST_9',
    'europe-west10': 'EUROPE_WEST_10', 'europe-west12': 'EUROPE_WEST_12', 'europe-southwest1': 'EUROPE_SOUTHWEST_1',
    'me-central1': 'MIDDLE_EAST_CENTRAL_1', 'me-central2': 'MIDDLE_EAST_CENTRAL_2', 'me-west1': 'MIDDLE_EAST_WEST_1',
    'northamerica-northeast1': 'NORTH_AMERICA_NORTHEAST_1', 'northamerica-northeast2': 'NORTH_AMERICA_NORTHEAST_2',
    'northamerica-south1': 'NORTH_AMERICA_SOUTH_1', 'southamerica-east1': 'SOUTH_AMERICA_EAST_1',
    'southamerica-west1': 'SOUTH_AMERICA_WEST_1', 'us-central1': 'CENTRAL_US', 'us-east1': 'EASTERN_US',
    'us-east4': 'US_EAST_4', 'us-east5': 'US_EAST_5', 'us-south1': 'US_SOUTH_1', 'us-west1': 'WESTERN_US',
    'us-west2': 'US_WEST_2', 'us-west3': 'US_WEST_3', 'us-west4': 'US_WEST_4',
}

AWS_NATIVE_REGIONS = dict((aws_region_name(name), name) for name in AWS_CONTAINER_REGIONS if name != 'GLOBAL')

# Each provider's regions: {cloud's own name: Atlas name}.
NATIVE_REGIONS = {'AWS': AWS_NATIVE_REGIONS, 'AZURE': AZURE_NATIVE_REGIONS, 'GCP': GCP_NATIVE_REGIONS}
CLOUD_NAMES = {'AWS': 'AWS', 'AZURE': 'Azure', 'GCP': 'Google Cloud'}
REGION_EXAMPLES = {'AWS': ('US_EAST_1', 'us-east-1'), 'AZURE': ('US_EAST_2', 'eastus2'), 'GCP': ('CENTRAL_US', 'us-central1')}


def provider_region(provider, value):
    """Atlas's name of ``value``, a region of ``provider`` (AWS, AZURE or GCP) in Atlas form (``US_EAST_1``,
    ``CENTRAL_US``) or the cloud's own form (``us-east-1``, ``eastus2``, ``us-central1``), any letter case.

    Only exact names are accepted; anything else raises ValueError listing the provider's regions in both forms.
    """
    native = NATIVE_REGIONS[provider]
    text = str(value).strip()
    if text.upper() in native.values():
        return text.upper()
    if text.lower() in native:
        return native[text.lower()]
    raise ValueError('%r is not a known %s region of Atlas: give its Atlas name (such as %s) or its %s name (such as %s); '
                     'known regions: %s'
                     % (value, provider, REGION_EXAMPLES[provider][0], CLOUD_NAMES[provider], REGION_EXAMPLES[provider][1],
                        ', '.join('%s (%s)' % (atlas, cloud) for cloud, atlas in sorted(native.items(), key=lambda pair: pair[1]))))


def cloud_region(provider, atlas_name):
    """The cloud's own name of an Atlas region name (``WESTERN_EUROPE`` -> ``europe-west1``), or None."""
    for cloud, atlas in NATIVE_REGIONS[provider].items():
        if atlas == atlas_name:
            return cloud
    return None
