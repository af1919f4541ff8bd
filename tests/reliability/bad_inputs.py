# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The table of invalid inputs of tests/reliability/test_bad_input.py.

Each case: (name, target, overrides, expect). ``target`` is a module name or ``role``. The
overrides are merged over a valid base for the target (a value of DROP removes the key).
``expect`` is a regular expression the failure message must match; it names the option.
"""

from __future__ import annotations

DROP = object()

AWS_CONTAINER = dict(provider_name='AWS', region='US_EAST_1', atlas_cidr_block='192.168.248.0/21')
GCP_CONTAINER = dict(provider_name='GCP', atlas_cidr_block='10.8.0.0/18')
AWS_PEERING = dict(container_id='5f3c0b8e9d1a2b3c4d5e6f70', vpc_id='vpc-0123456789abcdef0', aws_account_id='123456789012',
                   route_table_cidr_block='10.10.0.0/16', accepter_region_name='us-east-1')
AZURE_PEERING = dict(provider_name='AZURE', container_id='5f3c0b8e9d1a2b3c4d5e6f70',
                     azure_directory_id='0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f',
                     azure_subscription_id='7e3a1f9c-5b2d-4e8a-a1c6-3d9f0b2e7c45',
                     resource_group_name='rg', vnet_name='vnet')
GCP_PEERING = dict(provider_name='GCP', container_id='5f3c0b8e9d1a2b3c4d5e6f70', gcp_project_id='my-gcp-project',
                   network_name='my-network')
MSK = dict(provider='AWS', vendor='MSK',
           arn='arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9-1')
EVENTHUB = dict(provider='AZURE', vendor='EVENTHUB', region='US_EAST_2',
                service_endpoint_id='/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/'
                                    'providers/Microsoft.EventHub/namespaces/orders',
                dns_domain='orders.servicebus.windows.net')
GCP_CONFLUENT = dict(provider='GCP', vendor='CONFLUENT', region='us-west1', dns_domain='example.gcp.confluent.cloud',
                     gcp_service_attachment_uris=['projects/p/regions/us-west1/serviceAttachments/a'])
BACKUP = dict(region_name='US_EAST_1')
ACCESS = dict(entries=[dict(cidr_block='203.0.113.0/24', comment='Office')])
FEDERATION = dict(endpoint_id='vpce-0a1b2c3d4e5f60718', comment='Analytics VPC')
FEDERATION_AZURE = dict(endpoint_id='/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/analytics/'
                                    'providers/Microsoft.Network/privateEndpoints/atlas-federation')
EAR = dict(cloud_provider='AWS', region_name='US_EAST_1')
EAR_AZURE = dict(cloud_provider='AZURE', region_name='US_EAST_2')
ROLE_AWS = dict(atlas_peering_provider='AWS', atlas_peering_region='US_EAST_1',
                atlas_peering_atlas_cidr_block='192.168.248.0/21', atlas_peering_vpc_id='vpc-0123456789abcdef0',
                atlas_peering_aws_account_id='123456789012', atlas_peering_route_table_cidr_block='10.10.0.0/16')
ROLE_AZURE = dict(atlas_peering_provider='AZURE', atlas_peering_region='US_EAST_2',
                  atlas_peering_atlas_cidr_block='192.168.240.0/21',
                  atlas_peering_azure_directory_id='0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f',
                  atlas_peering_azure_subscription_id='7e3a1f9c-5b2d-4e8a-a1c6-3d9f0b2e7c45',
                  atlas_peering_resource_group_name='rg', atlas_peering_vnet_name='vnet')
ROLE_GCP = dict(atlas_peering_provider='GCP', atlas_peering_atlas_cidr_block='10.8.0.0/18',
                atlas_peering_gcp_project_id='my-gcp-project', atlas_peering_network_name='my-network')

PE_SERVICE = dict(provider_name='AWS', region='us-east-1')
PE_AWS = dict(provider_name='AWS', region='us-east-1', endpoint_id='vpce-0a1b2c3d4e5f60718')
PE_AZURE = dict(provider_name='AZURE', region='eastus2', private_endpoint_ip_address='10.20.0.4',
                endpoint_id='/subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/app-rg/providers/'
                            'Microsoft.Network/privateEndpoints/atlas-pe')
PE_GCP = dict(provider_name='GCP', region='us-central1', gcp_project_id='my-app-project', endpoint_group_name='grp',
              endpoints=[dict(endpoint_name='fr-0', ip_address='10.128.0.2')])
ROLE_PE = dict(private_endpoint_provider='AWS', private_endpoint_region='US_EAST_1',
               private_endpoint_endpoint_id='vpce-0a1b2c3d4e5f60718')


def entry(**values):
    return dict(entries=[values])


CASES = [
    # -- network_container --------------------------------------------------------------------
    ('container: project_id not hex', 'network_container', AWS_CONTAINER, dict(project_id='not-a-project'), 'project_id'),
    ('container: project_id upper case', 'network_container', AWS_CONTAINER,
     dict(project_id='5F3C0B8E9D1A2B3C4D5E6F70'), 'project_id'),
    ('container: unknown provider', 'network_container', AWS_CONTAINER, dict(provider_name='IBM'), 'provider_name'),
    ('container: unknown region', 'network_container', AWS_CONTAINER, dict(region='MARS_NORTH_1'), 'region'),
    ('container: AWS without region', 'network_container', AWS_CONTAINER, dict(region=DROP), 'region'),
    ('container: public CIDR', 'network_container', AWS_CONTAINER, dict(atlas_cidr_block='8.8.8.0/24'),
     'atlas_cidr_block'),
    ('container: non-canonical CIDR', 'network_container', AWS_CONTAINER,
     dict(atlas_cidr_block='192.168.248.1/21'), 'atlas_cidr_block'),
    ('container: AWS /16 too large', 'network_container', AWS_CONTAINER, dict(atlas_cidr_block='10.0.0.0/16'),
     'atlas_cidr_block'),
    ('container: CIDR not a CIDR', 'network_container', AWS_CONTAINER, dict(atlas_cidr_block='banana'),
     'atlas_cidr_block'),
    ('container: GCP with region', 'network_container', GCP_CONTAINER, dict(region='US_EAST_1'), 'region'),
    ('container: GCP /24 without regions', 'network_container', GCP_CONTAINER, dict(atlas_cidr_block='10.8.0.0/24'),
     'atlas_cidr_block'),
    ('container: AWS with GCP regions', 'network_container', AWS_CONTAINER, dict(regions=['EASTERN_US']), 'regions'),
    ('container: GCP 9 regions in a /21', 'network_container', GCP_CONTAINER,
     dict(atlas_cidr_block='10.8.0.0/21', regions=[
         'EASTERN_US', 'US_EAST_4', 'NORTH_AMERICA_NORTHEAST_1', 'NORTH_AMERICA_NORTHEAST_2', 'SOUTH_AMERICA_EAST_1',
         'WESTERN_US', 'US_WEST_2', 'US_WEST_3', 'US_WEST_4']),
     'regions'),
    ('container: unknown option', 'network_container', AWS_CONTAINER, dict(cidr='10.0.0.0/21'), 'cidr'),
    ('container: wait_timeout 0', 'network_container', AWS_CONTAINER, dict(wait_timeout=0), 'wait_timeout'),
    ('container: unknown state', 'network_container', AWS_CONTAINER, dict(state='gone'), 'state'),
    ('container: request_timeout 0', 'network_container', AWS_CONTAINER, dict(request_timeout=0), 'request_timeout'),
    ('container: base_url without https://', 'network_container', AWS_CONTAINER,
     dict(base_url='cloud.mongodb.com'), 'base_url'),
    ('container: base_url into another API version', 'network_container', AWS_CONTAINER,
     dict(base_url='https://cloud.mongodb.com/api/atlas/v1.0'), 'base_url'),
    ('container: max_retries -1', 'network_container', AWS_CONTAINER, dict(max_retries=-1), 'max_retries'),
    ('container: public_key without private_key', 'network_container', AWS_CONTAINER, dict(private_key=None),
     'private_key'),
    ('container: client_id without client_secret', 'network_container', AWS_CONTAINER,
     dict(client_id='mdb_sa_id_atlassim'), 'client_secret'),
    # -- network_peering ----------------------------------------------------------------------
    ('peering: container_id malformed', 'network_peering', AWS_PEERING, dict(container_id='abc'), 'container_id'),
    ('peering: vpc_id too short', 'network_peering', AWS_PEERING, dict(vpc_id='vpc-123'), 'vpc_id'),
    ('peering: aws_account_id 11 digits', 'network_peering', AWS_PEERING, dict(aws_account_id='12345678901'),
     'aws_account_id'),
    ('peering: aws_account_id letters', 'network_peering', AWS_PEERING, dict(aws_account_id='12345678901a'),
     'aws_account_id'),
    ('peering: route table not a CIDR', 'network_peering', AWS_PEERING, dict(route_table_cidr_block='10.10.0.0'),
     'route_table_cidr_block'),
    ('peering: unknown accepter region', 'network_peering', AWS_PEERING, dict(accepter_region_name='mars-north-1'),
     'accepter_region_name'),
    ('peering: AWS with an Azure field', 'network_peering', AWS_PEERING,
     dict(azure_directory_id='0b5c8e4f-2d7a-4c1e-9f3b-6a8d2e1c4b7f'), 'azure_directory_id'),
    ('peering: AWS without route table', 'network_peering', AWS_PEERING, dict(route_table_cidr_block=DROP),
     'route_table_cidr_block'),
    ('peering: Azure without vnet_name', 'network_peering', AZURE_PEERING, dict(vnet_name=DROP), 'vnet_name'),
    ('peering: Azure directory not a UUID', 'network_peering', AZURE_PEERING, dict(azure_directory_id='tenant-1'),
     'azure_directory_id'),
    ('peering: Azure subscription not a UUID', 'network_peering', AZURE_PEERING,
     dict(azure_subscription_id='7e3a1f9c5b2d4e8aa1c63d9f0b2e7c45x'), 'azure_subscription_id'),
    ('peering: Azure with vpc_id', 'network_peering', AZURE_PEERING, dict(vpc_id='vpc-0123456789abcdef0'), 'vpc_id'),
    ('peering: GCP without network_name', 'network_peering', GCP_PEERING, dict(network_name=DROP), 'network_name'),
    ('peering: GCP with aws_account_id', 'network_peering', GCP_PEERING, dict(aws_account_id='123456789012'),
     'aws_account_id'),
    ('peering: unknown provider', 'network_peering', AWS_PEERING, dict(provider_name='Amazon'), 'provider_name'),
    ('peering: wait not a boolean', 'network_peering', AWS_PEERING, dict(wait='maybe'), 'wait'),
    ('peering: wait_timeout not a number', 'network_peering', AWS_PEERING, dict(wait_timeout='soon'), 'wait_timeout'),
    ('peering: unknown option', 'network_peering', AWS_PEERING, dict(peer_vpc='vpc-0123456789abcdef0'), 'peer_vpc'),
    # -- stream_privatelink -------------------------------------------------------------------
    ('stream: unknown provider', 'stream_privatelink', MSK, dict(provider='IBM'), 'provider'),
    ('stream: unknown vendor', 'stream_privatelink', MSK, dict(vendor='KAFKA'), 'vendor'),
    ('stream: MSK without arn', 'stream_privatelink', MSK, dict(arn=DROP), 'arn'),
    ('stream: MSK arn of another service', 'stream_privatelink', MSK,
     dict(arn='arn:aws:s3:::my-bucket'), 'arn'),
    ('stream: MSK with region', 'stream_privatelink', MSK, dict(region='us-east-1'), 'region'),
    ('stream: vendor of another provider', 'stream_privatelink', MSK, dict(vendor='EVENTHUB'), 'vendor'),
    ('stream: Event Hubs without endpoint', 'stream_privatelink', EVENTHUB, dict(service_endpoint_id=DROP),
     'service_endpoint_id'),
    ('stream: GCP Confluent with 4 URIs', 'stream_privatelink', GCP_CONFLUENT,
     dict(gcp_service_attachment_uris=['projects/p/regions/us-west1/serviceAttachments/%s' % c for c in 'abcd']),
     'gcp_service_attachment_uris'),
    ('stream: GCP Confluent repeated URI', 'stream_privatelink', GCP_CONFLUENT,
     dict(gcp_service_attachment_uris=['projects/p/regions/us-west1/serviceAttachments/a'] * 2),
     'gcp_service_attachment_uris'),
    ('stream: dns_sub_domain a dict', 'stream_privatelink', MSK, dict(dns_sub_domain={'a': 1}), 'dns_sub_domain'),
    ('stream: blank dns_domain', 'stream_privatelink', EVENTHUB, dict(dns_domain='  '), 'dns_domain'),
    ('stream: unknown option', 'stream_privatelink', MSK, dict(endpoint='x'), 'endpoint'),
    # -- backup_private_endpoint --------------------------------------------------------------
    ('backup: provider Azure', 'backup_private_endpoint', BACKUP, dict(cloud_provider='AZURE'), 'cloud_provider'),
    ('backup: unknown region', 'backup_private_endpoint', BACKUP, dict(region_name='MARS'), 'region_name'),
    ('backup: unknown VPC region', 'backup_private_endpoint', BACKUP, dict(vpc_region_name='xx-east-9'),
     'vpc_region_name'),
    ('backup: no region', 'backup_private_endpoint', BACKUP, dict(region_name=DROP), 'region_name'),
    ('backup: region a list', 'backup_private_endpoint', BACKUP, dict(region_name=['US_EAST_1']), 'region_name'),
    ('backup: negative wait_timeout', 'backup_private_endpoint', BACKUP, dict(wait_timeout=-5), 'wait_timeout'),
    # -- access_list --------------------------------------------------------------------------
    ('access: IP and CIDR in one entry', 'access_list', ACCESS,
     entry(ip_address='198.51.100.7', cidr_block='203.0.113.0/24'), 'ip_address|cidr_block'),
    ('access: entry without address', 'access_list', ACCESS, entry(comment='nothing'),
     'ip_address|cidr_block|aws_security_group'),
    ('access: bad IP', 'access_list', ACCESS, entry(ip_address='198.51.100.300'), 'ip_address'),
    ('access: non-canonical CIDR', 'access_list', ACCESS, entry(cidr_block='10.0.0.1/16'), 'cidr_block'),
    ('access: comment of 81 characters', 'access_list', ACCESS, entry(cidr_block='203.0.113.0/24', comment='x' * 81),
     'comment'),
    ('access: date not a date', 'access_list', ACCESS, entry(ip_address='192.0.2.44', delete_after_date='tomorrow'),
     'delete_after_date'),
    ('access: date in the past', 'access_list', ACCESS,
     entry(ip_address='192.0.2.44', delete_after_date='2020-01-01T00:00:00Z'), 'delete_after_date'),
    ('access: date beyond 7 days', 'access_list', ACCESS,
     entry(ip_address='192.0.2.44', delete_after_date='2099-01-01T00:00:00Z'), 'delete_after_date'),
    ('access: security group malformed', 'access_list', ACCESS, entry(aws_security_group='sg-xyz'),
     'aws_security_group'),
    ('access: temporary security group', 'access_list', ACCESS,
     entry(aws_security_group='sg-0123456789abcdef0', delete_after_date='2099-01-01T00:00:00Z'),
     'aws_security_group|delete_after_date'),
    ('access: the same address twice', 'access_list', ACCESS,
     dict(entries=[dict(ip_address='192.0.2.44'), dict(cidr_block='192.0.2.44/32')]), 'entries'),
    ('access: 201 entries', 'access_list', ACCESS,
     dict(entries=[dict(ip_address='10.0.%d.%d' % (i // 200, i % 200 + 1)) for i in range(201)]), 'entries'),
    ('access: unknown entry option', 'access_list', ACCESS, entry(cidr='203.0.113.0/24'), 'cidr'),
    ('access: entries a number', 'access_list', ACCESS, dict(entries=42), 'entries'),
    ('access: purge with state absent', 'access_list', ACCESS, dict(purge=True, state='absent'), 'purge'),
    # -- data_federation_private_endpoint --------------------------------------------------------
    ('federation: endpoint id too short', 'data_federation_private_endpoint', FEDERATION,
     dict(endpoint_id='vpce-123'), 'endpoint_id'),
    ('federation: provider not that of the id', 'data_federation_private_endpoint', FEDERATION,
     dict(provider='AZURE'), 'provider'),
    ('federation: region without DNS name', 'data_federation_private_endpoint', FEDERATION,
     dict(region='US_EAST_1'), 'customer_endpoint_dns_name'),
    ('federation: unknown region', 'data_federation_private_endpoint', FEDERATION,
     dict(region='MOON_1', customer_endpoint_dns_name='vpce-0a1b.vpce-svc-0a1b.us-east-1.vpce.amazonaws.com'),
     'region'),
    ('federation: DNS name with a space', 'data_federation_private_endpoint', FEDERATION,
     dict(region='US_EAST_1', customer_endpoint_dns_name='not a name'), 'customer_endpoint_dns_name'),
    ('federation: AWS with azure_link_id', 'data_federation_private_endpoint', FEDERATION,
     dict(azure_link_id='123456789'), 'azure_link_id'),
    ('federation: Azure IP address out of range', 'data_federation_private_endpoint', FEDERATION_AZURE,
     dict(customer_endpoint_ip_address='10.2.0.300'), 'customer_endpoint_ip_address'),
    # -- encryption_at_rest_private_endpoint -----------------------------------------------------
    ('ear: provider GCP', 'encryption_at_rest_private_endpoint', EAR, dict(cloud_provider='GCP'), 'cloud_provider'),
    ('ear: unknown region', 'encryption_at_rest_private_endpoint', EAR, dict(region_name='MOON_1'), 'region_name'),
    ('ear: no region', 'encryption_at_rest_private_endpoint', EAR, dict(region_name=DROP), 'region_name'),
    ('ear: AWS with key_vault_name', 'encryption_at_rest_private_endpoint', EAR, dict(key_vault_name='atlas-keys'),
     'key_vault_name'),
    ('ear: Key Vault name of 2 characters', 'encryption_at_rest_private_endpoint', EAR_AZURE,
     dict(key_vault_name='kv'), 'key_vault_name'),
    ('ear: unknown wait_for', 'encryption_at_rest_private_endpoint', EAR_AZURE, dict(wait_for='approved'),
     'wait_for'),
    # -- private_endpoint_service, private_endpoint, private_endpoint_regional_mode ---------------
    ('pe service: unknown provider', 'private_endpoint_service', PE_SERVICE, dict(provider_name='IBM'),
     'provider_name'),
    ('pe service: no region', 'private_endpoint_service', PE_SERVICE, dict(region=DROP), 'region'),
    ('pe service: region of another cloud', 'private_endpoint_service', PE_SERVICE, dict(region='europe-west1'),
     'region'),
    ('pe service: AWS with port mapping', 'private_endpoint_service', PE_SERVICE, dict(port_mapping_enabled=True),
     'port_mapping_enabled'),
    ('pe service: GCP with remote regions', 'private_endpoint_service', PE_SERVICE,
     dict(provider_name='GCP', region='us-central1', supported_remote_regions=['us-west-2']), 'supported_remote_regions'),
    ('pe service: its own region as remote', 'private_endpoint_service', PE_SERVICE,
     dict(supported_remote_regions=['US_EAST_1']), 'supported_remote_regions'),
    ('pe service: unknown remote region', 'private_endpoint_service', PE_SERVICE,
     dict(supported_remote_regions=['mars-north-1']), 'supported_remote_regions'),
    ('pe: AWS endpoint id too short', 'private_endpoint', PE_AWS, dict(endpoint_id='vpce-123'), 'endpoint_id'),
    ('pe: service id and region', 'private_endpoint', PE_AWS, dict(endpoint_service_id='aaaaaaaaaaaaaaaaaaaaaaaa'),
     'endpoint_service_id'),
    ('pe: neither service id nor region', 'private_endpoint', PE_AWS, dict(region=DROP), 'endpoint_service_id'),
    ('pe: AWS with gcp_project_id', 'private_endpoint', PE_AWS, dict(gcp_project_id='my-app-project'),
     'gcp_project_id'),
    ('pe: Azure without IP address', 'private_endpoint', PE_AZURE, dict(private_endpoint_ip_address=DROP),
     'private_endpoint_ip_address'),
    ('pe: Azure id of a VNet', 'private_endpoint', PE_AZURE,
     dict(endpoint_id='/subscriptions/0a1b2c3d-1111-2222-3333-444455556666/resourceGroups/app-rg'), 'endpoint_id'),
    ("pe: GCP Atlas's p- project", 'private_endpoint', PE_GCP, dict(gcp_project_id='p-abc'), 'gcp_project_id'),
    ('pe: GCP rule name upper case', 'private_endpoint', PE_GCP,
     dict(endpoints=[dict(endpoint_name='Rule-0', ip_address='10.128.0.2')]), 'endpoints'),
    ('pe: GCP rule without address', 'private_endpoint', PE_GCP, dict(endpoints=[dict(endpoint_name='fr-0')]),
     'endpoints'),
    ('pe regional mode: enabled missing', 'private_endpoint_regional_mode', {}, {}, 'enabled'),
    ('pe regional mode: enabled not a boolean', 'private_endpoint_regional_mode', {}, dict(enabled='sometimes'),
     'enabled'),
    # -- the _info modules ----------------------------------------------------------------------
    ('container_info: bad project_id', 'network_container_info', {}, dict(project_id='123'), 'project_id'),
    ('peering_info: bad id', 'network_peering_info', {}, dict(id='peer-1'), 'id'),
    ('peering_info: unknown provider', 'network_peering_info', {}, dict(provider_name='IBM'), 'provider_name'),
    ('stream_info: unknown option', 'stream_privatelink_info', {}, dict(vendor='MSK'), 'vendor'),
    ('backup_info: bad id', 'backup_private_endpoint_info', {}, dict(id='xyz'), 'id'),
    ('backup_info: provider GCP', 'backup_private_endpoint_info', {}, dict(cloud_provider='GCP'), 'cloud_provider'),
    ('access_info: max_retries not a number', 'access_list_info', {}, dict(max_retries='many'), 'max_retries'),
    ('federation_info: bad endpoint id', 'data_federation_private_endpoint_info', {}, dict(endpoint_id='pe-1'),
     'endpoint_id'),
    ('ear_info: id without cloud_provider', 'encryption_at_rest_private_endpoint_info', {}, dict(id='a' * 24),
     'cloud_provider'),
    ('ear_info: bad id', 'encryption_at_rest_private_endpoint_info', {}, dict(cloud_provider='AWS', id='xyz'), 'id'),
    ('pe_service_info: region without provider', 'private_endpoint_service_info', {}, dict(region='us-east-1'),
     'provider_name'),
    ('pe_service_info: bad id', 'private_endpoint_service_info', {}, dict(provider_name='AWS', id='svc-1'), 'id'),
    ('pe_info: no provider', 'private_endpoint_info', {}, dict(region='us-east-1'), 'provider_name'),
    ('pe_info: bad endpoint id', 'private_endpoint_info', {}, dict(provider_name='AWS', region='us-east-1',
                                                                   endpoint_id='vpce-xyz'), 'endpoint_id'),
    # -- the role atlasops.networking.peering -----------------------------------------------------
    ('role: no provider', 'role', ROLE_AWS, dict(atlas_peering_provider=DROP), 'atlas_peering_provider'),
    ('role: unknown provider', 'role', ROLE_AWS, dict(atlas_peering_provider='IBM'), 'atlas_peering_provider'),
    ('role: bad vpc id', 'role', ROLE_AWS, dict(atlas_peering_vpc_id='vpc-xyz'), 'atlas_peering_vpc_id'),
    ('role: bad account id', 'role', ROLE_AWS, dict(atlas_peering_aws_account_id='1234'),
     'atlas_peering_aws_account_id'),
    ('role: AWS with Azure variables', 'role', ROLE_AWS, dict(atlas_peering_vnet_name='vnet'),
     'atlas_peering_vnet_name'),
    ('role: GCP with a region', 'role', ROLE_GCP, dict(atlas_peering_region='US_EAST_1'), 'atlas_peering_region'),
    ('role: non-canonical container CIDR', 'role', ROLE_AWS,
     dict(atlas_peering_atlas_cidr_block='192.168.248.7/21'), 'atlas_peering_atlas_cidr_block'),
    ('role: access list a dict', 'role', ROLE_AWS, dict(atlas_peering_access_list={'a': 1}),
     'atlas_peering_access_list'),
    ('role: wait_timeout not a number', 'role', ROLE_AWS, dict(atlas_peering_wait_timeout='soon'),
     'atlas_peering_wait_timeout'),
    ('role: Azure without vnet', 'role', ROLE_AZURE, dict(atlas_peering_vnet_name=DROP), 'atlas_peering_vnet_name'),
    ('role: GCP without network', 'role', ROLE_GCP, dict(atlas_peering_network_name=DROP),
     'atlas_peering_network_name'),
    ('role: bad project id', 'role', ROLE_AWS, dict(atlas_peering_project_id='project-1'),
     'atlas_peering_project_id'),
    ('role: base_url without https://', 'role', ROLE_AWS, dict(atlas_peering_base_url='cloud.mongodb.com'),
     'atlas_peering_base_url'),
    # -- the role atlasops.networking.private_endpoint --------------------------------------------
    ('pe role: no provider', 'role:private_endpoint', ROLE_PE, dict(private_endpoint_provider=DROP),
     'private_endpoint_provider'),
    ('pe role: region of another cloud', 'role:private_endpoint', ROLE_PE,
     dict(private_endpoint_region='europe-west1'), 'private_endpoint_region'),
    ('pe role: bad endpoint id', 'role:private_endpoint', ROLE_PE, dict(private_endpoint_endpoint_id='vpce-1'),
     'private_endpoint_endpoint_id'),
    ('pe role: AWS endpoint on Azure', 'role:private_endpoint', ROLE_PE,
     dict(private_endpoint_provider='AZURE', private_endpoint_region='eastus2', private_endpoint_endpoint_id=DROP,
          private_endpoint_aws_create_endpoint=True), 'private_endpoint_aws_create_endpoint'),
    ('pe role: create endpoint with a bad VPC id', 'role:private_endpoint', ROLE_PE,
     dict(private_endpoint_endpoint_id=DROP, private_endpoint_aws_create_endpoint=True,
          private_endpoint_aws_vpc_id='vpc-xyz', private_endpoint_aws_subnet_ids=['subnet-0123456789abcdef0'],
          private_endpoint_aws_security_group_ids=['sg-0123456789abcdef0']), 'private_endpoint_aws_vpc_id'),
    ('pe role: bad project id', 'role:private_endpoint', ROLE_PE, dict(private_endpoint_project_id='project-1'),
     'private_endpoint_project_id'),
]


def merged(base, overrides):
    values = dict(base)
    for key, value in overrides.items():
        if value is DROP:
            values.pop(key, None)
        else:
            values[key] = value
    return values
